CREATE TABLE `sender_amount_buckets` (
	`organization_id` text NOT NULL,
	`from_address` text NOT NULL,
	`currency` text NOT NULL,
	`chain` text NOT NULL,
	`bucket` text NOT NULL,
	`row_count` integer NOT NULL,
	`min_amount_key` text NOT NULL,
	`max_amount_key` text NOT NULL,
	PRIMARY KEY(`organization_id`, `from_address`, `currency`, `chain`, `bucket`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `transactions_sender_amount_idx` ON `transactions` (`organization_id`,`from_address`,`currency`,`chain`,`amount_key`,`timestamp`);--> statement-breakpoint
-- Hand-written below (drizzle-kit does not generate triggers). Each row is counted twice: in its
-- fine bucket ('f' and its sort key up to the second significant digit) and in its coarse one
-- ('c' and the key up to the first), so a long history's median takes two short range reads.
-- history-buckets.ts and sqlite/history-reader.ts compute the same buckets. Transactions are
-- never deleted or re-keyed today; the triggers keep the counts exact if that changes.
CREATE TRIGGER `transactions_sender_buckets_insert` AFTER INSERT ON `transactions`
BEGIN
	INSERT INTO `sender_amount_buckets` (`organization_id`, `from_address`, `currency`, `chain`, `bucket`, `row_count`, `min_amount_key`, `max_amount_key`)
	VALUES (NEW.`organization_id`, NEW.`from_address`, NEW.`currency`, NEW.`chain`, 'f' || CASE WHEN substr(NEW.`amount_key`, 1, 1) = 'p' THEN substr(NEW.`amount_key`, 1, min(39, 41 - length(ltrim(substr(NEW.`amount_key`, 2), '0')))) ELSE 'n' END, 1, NEW.`amount_key`, NEW.`amount_key`)
	ON CONFLICT (`organization_id`, `from_address`, `currency`, `chain`, `bucket`) DO UPDATE SET
		`row_count` = `row_count` + 1,
		`min_amount_key` = min(`min_amount_key`, excluded.`min_amount_key`),
		`max_amount_key` = max(`max_amount_key`, excluded.`max_amount_key`);
	INSERT INTO `sender_amount_buckets` (`organization_id`, `from_address`, `currency`, `chain`, `bucket`, `row_count`, `min_amount_key`, `max_amount_key`)
	VALUES (NEW.`organization_id`, NEW.`from_address`, NEW.`currency`, NEW.`chain`, 'c' || CASE WHEN substr(NEW.`amount_key`, 1, 1) = 'p' THEN substr(NEW.`amount_key`, 1, min(38, 40 - length(ltrim(substr(NEW.`amount_key`, 2), '0')))) ELSE 'n' END, 1, NEW.`amount_key`, NEW.`amount_key`)
	ON CONFLICT (`organization_id`, `from_address`, `currency`, `chain`, `bucket`) DO UPDATE SET
		`row_count` = `row_count` + 1,
		`min_amount_key` = min(`min_amount_key`, excluded.`min_amount_key`),
		`max_amount_key` = max(`max_amount_key`, excluded.`max_amount_key`);
END;
--> statement-breakpoint
CREATE TRIGGER `transactions_sender_buckets_delete` AFTER DELETE ON `transactions`
BEGIN
	UPDATE `sender_amount_buckets` SET `row_count` = `row_count` - 1
	WHERE `organization_id` = OLD.`organization_id` AND `from_address` = OLD.`from_address`
		AND `currency` = OLD.`currency` AND `chain` = OLD.`chain`
		AND `bucket` IN ('f' || CASE WHEN substr(OLD.`amount_key`, 1, 1) = 'p' THEN substr(OLD.`amount_key`, 1, min(39, 41 - length(ltrim(substr(OLD.`amount_key`, 2), '0')))) ELSE 'n' END, 'c' || CASE WHEN substr(OLD.`amount_key`, 1, 1) = 'p' THEN substr(OLD.`amount_key`, 1, min(38, 40 - length(ltrim(substr(OLD.`amount_key`, 2), '0')))) ELSE 'n' END);
END;
--> statement-breakpoint
CREATE TRIGGER `transactions_sender_buckets_update` AFTER UPDATE OF `organization_id`, `from_address`, `currency`, `chain`, `amount_key` ON `transactions`
BEGIN
	UPDATE `sender_amount_buckets` SET `row_count` = `row_count` - 1
	WHERE `organization_id` = OLD.`organization_id` AND `from_address` = OLD.`from_address`
		AND `currency` = OLD.`currency` AND `chain` = OLD.`chain`
		AND `bucket` IN ('f' || CASE WHEN substr(OLD.`amount_key`, 1, 1) = 'p' THEN substr(OLD.`amount_key`, 1, min(39, 41 - length(ltrim(substr(OLD.`amount_key`, 2), '0')))) ELSE 'n' END, 'c' || CASE WHEN substr(OLD.`amount_key`, 1, 1) = 'p' THEN substr(OLD.`amount_key`, 1, min(38, 40 - length(ltrim(substr(OLD.`amount_key`, 2), '0')))) ELSE 'n' END);
	INSERT INTO `sender_amount_buckets` (`organization_id`, `from_address`, `currency`, `chain`, `bucket`, `row_count`, `min_amount_key`, `max_amount_key`)
	VALUES (NEW.`organization_id`, NEW.`from_address`, NEW.`currency`, NEW.`chain`, 'f' || CASE WHEN substr(NEW.`amount_key`, 1, 1) = 'p' THEN substr(NEW.`amount_key`, 1, min(39, 41 - length(ltrim(substr(NEW.`amount_key`, 2), '0')))) ELSE 'n' END, 1, NEW.`amount_key`, NEW.`amount_key`)
	ON CONFLICT (`organization_id`, `from_address`, `currency`, `chain`, `bucket`) DO UPDATE SET
		`row_count` = `row_count` + 1,
		`min_amount_key` = min(`min_amount_key`, excluded.`min_amount_key`),
		`max_amount_key` = max(`max_amount_key`, excluded.`max_amount_key`);
	INSERT INTO `sender_amount_buckets` (`organization_id`, `from_address`, `currency`, `chain`, `bucket`, `row_count`, `min_amount_key`, `max_amount_key`)
	VALUES (NEW.`organization_id`, NEW.`from_address`, NEW.`currency`, NEW.`chain`, 'c' || CASE WHEN substr(NEW.`amount_key`, 1, 1) = 'p' THEN substr(NEW.`amount_key`, 1, min(38, 40 - length(ltrim(substr(NEW.`amount_key`, 2), '0')))) ELSE 'n' END, 1, NEW.`amount_key`, NEW.`amount_key`)
	ON CONFLICT (`organization_id`, `from_address`, `currency`, `chain`, `bucket`) DO UPDATE SET
		`row_count` = `row_count` + 1,
		`min_amount_key` = min(`min_amount_key`, excluded.`min_amount_key`),
		`max_amount_key` = max(`max_amount_key`, excluded.`max_amount_key`);
END;
--> statement-breakpoint
INSERT INTO `sender_amount_buckets` (`organization_id`, `from_address`, `currency`, `chain`, `bucket`, `row_count`, `min_amount_key`, `max_amount_key`)
SELECT `organization_id`, `from_address`, `currency`, `chain`, 'f' || CASE WHEN substr(`amount_key`, 1, 1) = 'p' THEN substr(`amount_key`, 1, min(39, 41 - length(ltrim(substr(`amount_key`, 2), '0')))) ELSE 'n' END, count(*), min(`amount_key`), max(`amount_key`)
FROM `transactions` GROUP BY 1, 2, 3, 4, 5
UNION ALL
SELECT `organization_id`, `from_address`, `currency`, `chain`, 'c' || CASE WHEN substr(`amount_key`, 1, 1) = 'p' THEN substr(`amount_key`, 1, min(38, 40 - length(ltrim(substr(`amount_key`, 2), '0')))) ELSE 'n' END, count(*), min(`amount_key`), max(`amount_key`)
FROM `transactions` GROUP BY 1, 2, 3, 4, 5;
