import { FAILURE_CODES, type FailureCode } from './api/vocabulary';

// The help centre's answers, shared so that the app and anything else that explains a failure use the
// same words. Every failure code has exactly one entry (checked at compile time by the Record type).

export interface FaqEntry {
  /** Stable anchor, used by links from failed cards. */
  id: string;
  question: string;
  answer: string;
}

export const FAILURE_FAQ: Record<FailureCode, FaqEntry> = {
  content_policy: {
    id: 'faq-content_policy',
    question: 'Why was my video blocked by the content policy?',
    answer:
      'The prompt asked for something our content policy does not allow (for example real people, violence or explicit material). Edit the prompt to describe only the sounds and visuals you want, then generate again.',
  },
  prompt_unclear: {
    id: 'faq-prompt_unclear',
    question: 'Why did my prompt come back as unclear?',
    answer:
      'The model could not work out a scene from the prompt. Name one main trigger (for example "slow water pouring into a glass"), the setting and the mood. Very short or contradictory prompts fail most often.',
  },
  render_timeout: {
    id: 'faq-render_timeout',
    question: 'Why did rendering time out?',
    answer:
      'Long or very detailed videos sometimes take longer than the render limit. Regenerating usually succeeds; a shorter duration helps too.',
  },
  audio_synthesis: {
    id: 'faq-audio_synthesis',
    question: 'Why did the audio fail to generate?',
    answer:
      'The sound model could not produce clean audio for the chosen triggers. This is often temporary, so regenerating (same prompt, settings and seed) may succeed; if it fails again, generate a new video with fewer triggers at once.',
  },
  capacity: {
    id: 'faq-capacity',
    question: 'Why did my video fail because of capacity?',
    answer:
      'Our render farm was full when your video was queued. Nothing is wrong with your prompt: regenerate in a few minutes.',
  },
  internal: {
    id: 'faq-internal',
    question: 'What does an internal error mean?',
    answer:
      'Something went wrong on our side. Regenerate to try again; if it keeps failing, email support@aiasmr.so with the video title and we will look into it.',
  },
};

/** Answers about the app's own actions, shown after the failure entries. */
export const ACTION_FAQ: readonly FaqEntry[] = [
  {
    id: 'faq-regenerate',
    question: 'What does Regenerate do?',
    answer:
      'It queues the video again with its original prompt, settings and seed, so the new copy keeps the title and the look you chose. It costs the same credits as the original, and the original stays in your library until you delete it.',
  },
];

export const FAILURE_FAQ_ENTRIES: readonly (FaqEntry & { code: FailureCode })[] = FAILURE_CODES.map(
  (code) => ({
    code,
    ...FAILURE_FAQ[code],
  }),
);

export const SUPPORT_EMAIL = 'support@aiasmr.so';
