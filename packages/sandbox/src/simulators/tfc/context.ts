import { ConfigurationArchives } from './ConfigurationArchives';
import { Documents, Urls } from './documents';
import { RunEngine } from './RunEngine';
import { RunListRateLimiter } from './RunListRateLimiter';
import { TfcStore } from './TfcStore';

/** What every route of the simulator works with. */
export interface TfcContext {
  store: TfcStore;
  engine: RunEngine;
  documents: Documents;
  urls: Urls;
  runListLimiter: RunListRateLimiter;
  stepMs: number;
  archives: ConfigurationArchives;
}
