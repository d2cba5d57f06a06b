-- The audit log is append-only: no path in the app (or a script using the app's database) may rewrite history.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN
	SELECT RAISE(ABORT, 'Audit entries cannot be changed.');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN
	SELECT RAISE(ABORT, 'Audit entries cannot be deleted.');
END;
