export class DbOpenError extends Error {
  constructor(
    readonly reason: 'badKey' | 'notDatabase' | 'fromFuture',
    message: string,
  ) {
    super(message);
  }
}
