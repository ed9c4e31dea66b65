CREATE TABLE `alert_events` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`alert_id` text NOT NULL,
	`kind` text NOT NULL,
	`actor_id` text,
	`at` integer NOT NULL,
	`details` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`,`alert_id`) REFERENCES `alerts`(`organization_id`,`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "alert_events_kind_check" CHECK(kind in ('created', 'assigned', 'status_changed', 'commented'))
);
--> statement-breakpoint
CREATE INDEX `alert_events_alert_idx` ON `alert_events` (`organization_id`,`alert_id`,`id`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`transaction_id` text NOT NULL,
	`owner_user_id` text,
	`threshold` integer NOT NULL,
	`risk_score` integer NOT NULL,
	`risk_bucket` text NOT NULL,
	`risk_flags` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`outcome` text,
	`assignee_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`transaction_id`) REFERENCES `transactions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`,`owner_user_id`) REFERENCES `users`(`organization_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`,`assignee_id`) REFERENCES `users`(`organization_id`,`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "alerts_threshold_check" CHECK(threshold between 0 and 10000),
	CONSTRAINT "alerts_risk_score_check" CHECK(risk_score between 0 and 10000),
	CONSTRAINT "alerts_risk_bucket_check" CHECK(risk_bucket in ('low', 'medium', 'high')),
	CONSTRAINT "alerts_status_check" CHECK(status in ('open', 'investigating', 'closed')),
	CONSTRAINT "alerts_outcome_check" CHECK(outcome is null or outcome in ('false_positive', 'escalated', 'reported')),
	CONSTRAINT "alerts_closed_check" CHECK((status = 'closed') = (outcome is not null) and (status = 'closed') = (closed_at is not null)),
	CONSTRAINT "alerts_version_check" CHECK(version >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_transaction_unique` ON `alerts` (`organization_id`,`transaction_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_organization_id_unique` ON `alerts` (`organization_id`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_status_idx` ON `alerts` (`organization_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_assignee_idx` ON `alerts` (`organization_id`,`assignee_id`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_bucket_idx` ON `alerts` (`organization_id`,`risk_bucket`,`id`);