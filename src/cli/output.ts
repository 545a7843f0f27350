// Writes batches of output lines to stdout with backpressure, and ends quietly when the reader
// goes away (`pvelens read … | head`).
export class LineWriter {
  private broken = false;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') this.broken = true;
      else throw err;
    });
  }

  get closed(): boolean {
    return this.broken;
  }

  async write(text: string): Promise<void> {
    if (this.broken || text.length === 0) return;
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.stream.off('drain', done);
          this.stream.off('error', done);
          resolve();
        };
        this.stream.on('drain', done);
        this.stream.on('error', done);
      });
    }
  }
}
