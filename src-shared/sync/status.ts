/** What the desktop shows about its sync with the office server. */
export interface SyncStatus {
  connected: boolean;
  url: string | null;
  /** When the last push and pull both succeeded (epoch ms). */
  lastSyncAt: number | null;
  lastAttemptAt: number | null;
  /** Connected, and the last attempt reached the server. */
  online: boolean;
  lastError: string | null;
  /** Local changes not yet acknowledged by the server. */
  pending: number;
  running: boolean;
  /** While pulling: the cursor reached and the server's newest change. */
  progress: { pulled: number; head: number } | null;
}
