/** The custom protocol the renderer loads local media from: aiasmr-media://video/<id>/<kind>. */
export const MEDIA_SCHEME = 'aiasmr-media';
