// A temporary file of text lines (JSON, one value a line): the imports keep what they
// have read and checked there, so memory stays flat however long the file is, and the
// database sees nothing until every row has been read.
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

const FLUSH_CHARS = 1 << 20;

export class LineFileWriter {
  private pending: string[] = [];
  private pendingChars = 0;
  private failure: unknown = null;
  private readonly stream: WriteStream;
  lines = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
    // Kept until the next write or close throws it: an unheard 'error' would end the process.
    this.stream.on('error', (error) => (this.failure ??= error));
  }

  async write(line: string): Promise<void> {
    this.pending.push(line);
    this.pendingChars += line.length + 1;
    this.lines++;
    if (this.pendingChars >= FLUSH_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0) return;
    const text = this.pending.join('\n') + '\n';
    this.pending = [];
    this.pendingChars = 0;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    if (!this.stream.closed) await once(this.stream, 'close');
    if (this.failure) throw this.failure;
  }
}

/** The lines of a file in batches of up to `size`. */
export async function* lineBatches(path: string, size: number): AsyncGenerator<string[]> {
  const input = createReadStream(path);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let batch: string[] = [];
  try {
    for await (const line of lines) {
      if (line === '') continue;
      batch.push(line);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    lines.close();
    input.destroy();
  }
}
