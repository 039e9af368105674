import Fastify from 'fastify';
import { z } from 'zod';
import { sendFile } from '../server/src/media/range';

// The download benchmark's file server, in its own process so it does not share a thread with the
// downloader under test: a minimal Fastify app serving files through the reference server's sendFile
// (Range, If-Range, strong ETag). Args: a JSON map of name → { path, bytes, etag }. Prints the port,
// then one line per finished response with the bytes written to the socket for it.

const ServedFiles = z.record(z.string(), z.object({ path: z.string(), bytes: z.number(), etag: z.string() }));
const files = ServedFiles.parse(JSON.parse(process.argv[2] ?? '{}'));
const app = Fastify({ logger: false });
app.get<{ Params: { name: string } }>('/files/:name', async (request, reply) => {
  const file = files[request.params.name];
  if (!file) return reply.code(404).send({ error: { code: 'not_found', message: 'no such file' } });
  const socket = request.raw.socket;
  const before = socket.bytesWritten;
  reply.raw.on('close', () => {
    process.stdout.write(
      `${JSON.stringify({ name: request.params.name, sent: socket.bytesWritten - before })}\n`,
    );
  });
  await sendFile(request, reply, { path: file.path, mime: 'video/mp4', bytes: file.bytes, etag: file.etag });
  return reply;
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ listening: address })}\n`);
