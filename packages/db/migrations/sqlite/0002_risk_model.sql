CREATE TABLE `address_labels` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`chain` text NOT NULL,
	`address` text NOT NULL,
	`label` text NOT NULL,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "address_labels_label_check" CHECK(label in ('sanctioned', 'mixer', 'exchange', 'gambling', 'darknet', 'other'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `address_labels_unique` ON `address_labels` (`organization_id`,`chain`,`address`,`label`);--> statement-breakpoint
CREATE INDEX `address_labels_list_idx` ON `address_labels` (`organization_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `user_settings` (
	`organization_id` text NOT NULL,
	`user_id` text NOT NULL,
	`risk_threshold` integer,
	`time_range_days` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `user_id`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`,`user_id`) REFERENCES `users`(`organization_id`,`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "user_settings_risk_threshold_check" CHECK(risk_threshold between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE `wallets` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`user_id` text NOT NULL,
	`chain` text NOT NULL,
	`address` text NOT NULL,
	`label` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`,`user_id`) REFERENCES `users`(`organization_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `wallets_user_address_unique` ON `wallets` (`organization_id`,`user_id`,`chain`,`address`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_transactions` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`chain` text NOT NULL,
	`tx_id` text NOT NULL,
	`timestamp` integer NOT NULL,
	`from_address` text NOT NULL,
	`to_address` text NOT NULL,
	`amount` text NOT NULL,
	`currency` text NOT NULL,
	`direction` text NOT NULL,
	`memo` text,
	`fee` text NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`amount_key` text DEFAULT '' NOT NULL,
	`category` text DEFAULT 'unknown' NOT NULL,
	`risk_score` integer DEFAULT 0 NOT NULL,
	`risk_flags` text DEFAULT '[]' NOT NULL,
	`risk_bucket` text DEFAULT 'low' NOT NULL,
	`ruleset_version` text,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "transactions_direction_check" CHECK(direction in ('in', 'out')),
	CONSTRAINT "transactions_category_check" CHECK(category in ('fee', 'trade', 'income', 'transfer', 'expense', 'unknown')),
	CONSTRAINT "transactions_risk_score_check" CHECK(risk_score between 0 and 10000),
	CONSTRAINT "transactions_risk_bucket_check" CHECK(risk_bucket in ('low', 'medium', 'high'))
);
--> statement-breakpoint
INSERT INTO `__new_transactions`("id", "organization_id", "chain", "tx_id", "timestamp", "from_address", "to_address", "amount", "currency", "direction", "memo", "fee", "tags", "created_at", "amount_key") SELECT "id", "organization_id", "chain", "tx_id", "timestamp", "from_address", "to_address", "amount", "currency", "direction", "memo", "fee", "tags", "created_at", decimal_sort_key("amount") FROM `transactions`;--> statement-breakpoint
DROP TABLE `transactions`;--> statement-breakpoint
ALTER TABLE `__new_transactions` RENAME TO `transactions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `transactions_organization_chain_tx_unique` ON `transactions` (`organization_id`,`chain`,`tx_id`);--> statement-breakpoint
CREATE INDEX `transactions_organization_list_idx` ON `transactions` (`organization_id`,`timestamp`,`id`);--> statement-breakpoint
CREATE INDEX `transactions_sender_history_idx` ON `transactions` (`organization_id`,`from_address`,`currency`,`chain`,`timestamp`);--> statement-breakpoint
CREATE INDEX `transactions_recipient_idx` ON `transactions` (`organization_id`,`to_address`,`timestamp`);--> statement-breakpoint
CREATE INDEX `transactions_amount_idx` ON `transactions` (`organization_id`,`amount_key`,`id`);--> statement-breakpoint
CREATE INDEX `transactions_risk_idx` ON `transactions` (`organization_id`,`risk_score`,`id`);--> statement-breakpoint
CREATE INDEX `transactions_bucket_idx` ON `transactions` (`organization_id`,`risk_bucket`,`timestamp`,`id`);