-- The clients list's search: the same index as lead_search (see 0002), over clients, kept by triggers.
ALTER TABLE `clients` ADD `search_body` text GENERATED ALWAYS AS (
	name_search || ' ' || coalesce(email_normalized, '') || ' ' ||
	coalesce(substr(phone_e164, 2) || ' ' || substr(phone_e164, 3) || ' ' || substr(phone_e164, 4) || ' ' || substr(phone_e164, 5), '')
) VIRTUAL;
--> statement-breakpoint
CREATE VIRTUAL TABLE `client_search` USING fts5(
	body,
	content = '',
	contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3 4'
);
--> statement-breakpoint
CREATE TRIGGER `clients_search_insert` AFTER INSERT ON `clients` BEGIN
	INSERT INTO `client_search` (rowid, body) VALUES (new.rowid, new.search_body);
END;
--> statement-breakpoint
CREATE TRIGGER `clients_search_update` AFTER UPDATE OF name_search, email_normalized, phone_e164 ON `clients` BEGIN
	DELETE FROM `client_search` WHERE rowid = old.rowid;
	INSERT INTO `client_search` (rowid, body) VALUES (new.rowid, new.search_body);
END;
--> statement-breakpoint
CREATE TRIGGER `clients_search_delete` AFTER DELETE ON `clients` BEGIN
	DELETE FROM `client_search` WHERE rowid = old.rowid;
END;
--> statement-breakpoint
INSERT INTO `client_search` (rowid, body) SELECT rowid, search_body FROM `clients`;
