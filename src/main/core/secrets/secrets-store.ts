/**
 * Where the core keeps secrets (the session token). The Electron shell implements it with safeStorage;
 * the web host with a file readable only by the user (FileSecretsStore).
 */
export interface SecretsStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}
