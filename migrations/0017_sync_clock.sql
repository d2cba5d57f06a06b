-- The hybrid logical clock of this desktop (docs/sync.md): every change record gets a stamp "wall:counter:node"
-- from a trigger, so no service has to remember it and the stamp is taken in the edit's own transaction.
-- The clock never goes back: a pulled stamp moves it forward (src-main/sync), and so does a later wall time.
CREATE TABLE `sync_clock` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`wall` integer NOT NULL,
	`counter` integer NOT NULL,
	`node` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `sync_clock` (id, wall, counter, node) SELECT 1, coalesce(max(at), 0), 0, lower(hex(randomblob(8))) FROM change_log;
--> statement-breakpoint
-- Changes recorded before the clock existed, in their order.
UPDATE change_log SET hlc = printf('%015d:%05d:%s', at, seq % 100000, (SELECT node FROM sync_clock)) WHERE hlc IS NULL;
--> statement-breakpoint
CREATE TRIGGER `change_log_hlc` AFTER INSERT ON `change_log` WHEN new.hlc IS NULL BEGIN
	UPDATE sync_clock SET
		counter = CASE WHEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) > wall THEN 0 ELSE counter + 1 END,
		wall = max(wall, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
	UPDATE change_log SET hlc = (SELECT printf('%015d:%05d:%s', wall, counter, node) FROM sync_clock) WHERE seq = new.seq;
END;
