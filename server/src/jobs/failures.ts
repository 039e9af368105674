import type { FailureCode } from '../../../src/shared/api/vocabulary';

/** What the user is told for each failure code (the app links each code to its FAQ entry). */
export const FAILURE_MESSAGES: Record<FailureCode, string> = {
  content_policy: 'The prompt was stopped by the content policy check. Rephrase it and try again.',
  prompt_unclear: 'The model could not turn the prompt into a scene. Add more concrete detail.',
  render_timeout: 'Rendering took longer than allowed and was stopped. Try a shorter duration.',
  audio_synthesis: 'The sound for the chosen triggers could not be synthesised.',
  capacity: 'The generation service was at capacity. Regenerate to try again.',
  internal: 'An internal error stopped the generation. Your credits were refunded.',
};

/** The codes a simulated failure picks from (internal is kept for real errors). */
export const SIMULATED_FAILURES: readonly FailureCode[] = [
  'content_policy',
  'prompt_unclear',
  'render_timeout',
  'audio_synthesis',
  'capacity',
];
