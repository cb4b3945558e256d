import type { KeywardApi } from '../../src-main/contract/outputs';

declare global {
  interface Window {
    keyward: KeywardApi;
  }
}
