import type { VideoSettings } from '../../../src/shared/api/schemas';
import type { TriggerTag } from '../../../src/shared/api/vocabulary';
import type { RenderInputs } from '../media/render';

/** The parts of a video that decide its pixels and sound; videos with equal inputs share one asset. */
export function renderInputsOf(triggers: readonly TriggerTag[], settings: VideoSettings): RenderInputs {
  return {
    triggers: [...triggers],
    aspectRatio: settings.aspect_ratio,
    durationS: settings.duration_s,
    seed: settings.seed,
  };
}
