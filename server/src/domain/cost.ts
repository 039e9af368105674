import type { VideoSettings } from '../../../src/shared/api/schemas';

/**
 * What a generation costs, in credits: a base of 2 plus 1 per 2 seconds of video (rounded up), times
 * the model's factor. Models whose version names a higher tier cost more: `…-hq` ×2, `…-pro` ×1.5,
 * anything else ×1. An 8 s clip on a standard model costs 6, a 60 s clip on an `-hq` model 64.
 * A regeneration costs what the original video cost (the confirmation dialog shows that figure).
 */
export function generationCost(settings: Pick<VideoSettings, 'duration_s' | 'model_version'>): number {
  const base = 2 + Math.ceil(settings.duration_s / 2);
  return Math.ceil(base * modelFactor(settings.model_version));
}

export function modelFactor(modelVersion: string): number {
  const m = modelVersion.toLowerCase();
  if (m.endsWith('-hq')) return 2;
  if (m.endsWith('-pro')) return 1.5;
  return 1;
}
