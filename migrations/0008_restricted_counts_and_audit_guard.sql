-- lead_assignee_counts: leads per (status, assignee), kept by triggers, so an advisor's tab counts
-- (unassigned + their own) read a few rows instead of counting a million. '' stands for unassigned.
CREATE TABLE `lead_assignee_counts` (
	`status` text NOT NULL,
	`assignee_key` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY (`status`, `assignee_key`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `lead_assignee_counts` (status, assignee_key, n)
	SELECT status, coalesce(assignee_user_id, ''), count(*) FROM `leads` GROUP BY status, coalesce(assignee_user_id, '');
--> statement-breakpoint
CREATE TRIGGER `leads_assignee_count_insert` AFTER INSERT ON `leads` BEGIN
	INSERT INTO `lead_assignee_counts` (status, assignee_key, n) VALUES (new.status, coalesce(new.assignee_user_id, ''), 1)
		ON CONFLICT (status, assignee_key) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `leads_assignee_count_update` AFTER UPDATE OF status, assignee_user_id ON `leads`
	WHEN old.status <> new.status OR coalesce(old.assignee_user_id, '') <> coalesce(new.assignee_user_id, '') BEGIN
	UPDATE `lead_assignee_counts` SET n = n - 1 WHERE status = old.status AND assignee_key = coalesce(old.assignee_user_id, '');
	INSERT INTO `lead_assignee_counts` (status, assignee_key, n) VALUES (new.status, coalesce(new.assignee_user_id, ''), 1)
		ON CONFLICT (status, assignee_key) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `leads_assignee_count_delete` AFTER DELETE ON `leads` BEGIN
	UPDATE `lead_assignee_counts` SET n = n - 1 WHERE status = old.status AND assignee_key = coalesce(old.assignee_user_id, '');
END;
--> statement-breakpoint
-- INSERT OR REPLACE deletes the old row without firing delete triggers; refuse re-using an entry's id instead.
CREATE TRIGGER `audit_log_no_replace` BEFORE INSERT ON `audit_log` WHEN EXISTS (SELECT 1 FROM `audit_log` WHERE id = new.id) BEGIN
	SELECT RAISE(ABORT, 'Audit entries cannot be changed.');
END;
