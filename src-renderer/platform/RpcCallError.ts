import type { RpcError } from '../../src-shared/rpc/errors';

/** A refused or failed call, carrying the dispatcher's error (code, catalogue key, params, field issues). */
export class RpcCallError extends Error {
  readonly method: string;
  readonly rpc: RpcError;
  constructor(method: string, rpc: RpcError) {
    super(`${method}: ${rpc.code}`);
    this.name = 'RpcCallError';
    this.method = method;
    this.rpc = rpc;
  }
  get code() {
    return this.rpc.code;
  }
}
