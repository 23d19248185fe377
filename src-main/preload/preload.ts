/**
 * The preload of the main window. It runs sandboxed (only `electron` can be required), and
 * exposes exactly `invoke` and `on` (architecture.md, Security baseline); the renderer
 * types `window.brokerdesk` as `BrokerDeskBridge`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from '../../src-shared/rpc/bridge';
import { makeBridge } from './bridge';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, makeBridge(ipcRenderer));
