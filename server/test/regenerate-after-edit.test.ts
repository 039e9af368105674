import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegenerateResponse, Video } from '../../src/shared/api/schemas';
import { renderKeyFor } from '../src/media/render';
import { renderInputsOf } from '../src/services/renderInputs';
import { call, createUser, login, startTestServer, type TestServer } from './helpers/fixture';

let t: TestServer;

// Jobs never run here: the render key each video was queued with is what its render would use.
beforeAll(async () => {
  t = await startTestServer({ genSeconds: 60 });
});
afterAll(async () => t.close());

interface Stored {
  prompt: string;
  triggers: string;
  settings: string;
  render_key: string;
}

const stored = (id: number): Stored =>
  t.db
    .prepare(
      'SELECT v.prompt, v.triggers, v.settings, j.render_key FROM videos v JOIN jobs j ON j.video_id = v.id WHERE v.id = ?',
    )
    .get(id) as Stored;

describe('regenerate after an edit', () => {
  it('renders the original prompt, triggers and settings after the title and tags were changed', async () => {
    const user = await createUser(t.db, { credits: 100 });
    const token = await login(t.url, user);
    const settingsText =
      '{"seed":42,"model_version":"asmr-v1","aspect_ratio":"9:16","duration_s":6,"mic":"binaural"}';
    const created = await call<RegenerateResponse>(t.url, '/api/videos', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
      body: `{"prompt":"Rain on a tin roof","triggers":["Rain","Wood"],"settings":${settingsText}}`,
    });
    expect(created.status).toBe(201);
    const original = created.body.video;

    const edited = await call<Video>(t.url, `/api/videos/${original.id}`, {
      method: 'PATCH',
      token,
      json: { title: 'Renamed', tags: ['Whisper', 'Fire'] },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.triggers).toEqual(['Whisper', 'Fire']);

    const regen = await call<RegenerateResponse>(t.url, `/api/videos/${original.id}/regenerate`, {
      method: 'POST',
      token,
    });
    expect(regen.status).toBe(201);
    const copy = regen.body.video;
    expect(copy.prompt).toBe('Rain on a tin roof');
    expect(copy.settings).toEqual(JSON.parse(settingsText));

    const before = stored(original.id);
    const after = stored(copy.id);
    expect(after.prompt).toBe('Rain on a tin roof');
    expect(after.triggers).toBe('["Rain","Wood"]');
    expect(after.settings).toBe(settingsText);
    const expectedKey = renderKeyFor(
      renderInputsOf(['Rain', 'Wood'], {
        seed: 42,
        model_version: 'asmr-v1',
        aspect_ratio: '9:16',
        duration_s: 6,
      }),
    );
    expect(before.render_key).toBe(expectedKey);
    expect(after.render_key).toBe(expectedKey);
  });
});
