-- Derived, local-only structures kept right by triggers, so every writer (services, import, sync) updates them.
--
-- lead_search: full-text index of each lead's folded name, e-mail and phone digits, keyed by the lead's rowid
-- (SQLite keeps rowids across VACUUM). Phone tokens: the E.164 digits and its tails after a 1-, 2- or 3-digit
-- country code, so "600 100 200", "+48600100200" and a partial "600100" all find +48 600 100 200.
ALTER TABLE `leads` ADD `search_body` text GENERATED ALWAYS AS (
	name_search || ' ' || coalesce(email_normalized, '') || ' ' ||
	coalesce(substr(phone_e164, 2) || ' ' || substr(phone_e164, 3) || ' ' || substr(phone_e164, 4) || ' ' || substr(phone_e164, 5), '')
) VIRTUAL;
--> statement-breakpoint
CREATE VIRTUAL TABLE `lead_search` USING fts5(
	body,
	content = '',
	contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3 4'
);
--> statement-breakpoint
CREATE TRIGGER `leads_search_insert` AFTER INSERT ON `leads` BEGIN
	INSERT INTO `lead_search` (rowid, body) VALUES (new.rowid, new.search_body);
END;
--> statement-breakpoint
CREATE TRIGGER `leads_search_update` AFTER UPDATE OF name_search, email_normalized, phone_e164 ON `leads` BEGIN
	DELETE FROM `lead_search` WHERE rowid = old.rowid;
	INSERT INTO `lead_search` (rowid, body) VALUES (new.rowid, new.search_body);
END;
--> statement-breakpoint
CREATE TRIGGER `leads_search_delete` AFTER DELETE ON `leads` BEGIN
	DELETE FROM `lead_search` WHERE rowid = old.rowid;
END;
--> statement-breakpoint
INSERT INTO `lead_search` (rowid, body) SELECT rowid, search_body FROM `leads`;
--> statement-breakpoint
-- lead_status_counts: the inbox tab counts without counting a million rows on every change.
CREATE TABLE `lead_status_counts` (
	`status` text PRIMARY KEY NOT NULL,
	`n` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `lead_status_counts` (status, n)
	SELECT s.status, (SELECT count(*) FROM `leads` l WHERE l.status = s.status)
	FROM (SELECT 'new' AS status UNION ALL SELECT 'linked' UNION ALL SELECT 'converted' UNION ALL SELECT 'deleted') s;
--> statement-breakpoint
CREATE TRIGGER `leads_count_insert` AFTER INSERT ON `leads` BEGIN
	UPDATE `lead_status_counts` SET n = n + 1 WHERE status = new.status;
END;
--> statement-breakpoint
CREATE TRIGGER `leads_count_update` AFTER UPDATE OF status ON `leads` WHEN old.status <> new.status BEGIN
	UPDATE `lead_status_counts` SET n = n - 1 WHERE status = old.status;
	UPDATE `lead_status_counts` SET n = n + 1 WHERE status = new.status;
END;
--> statement-breakpoint
CREATE TRIGGER `leads_count_delete` AFTER DELETE ON `leads` BEGIN
	UPDATE `lead_status_counts` SET n = n - 1 WHERE status = old.status;
END;
