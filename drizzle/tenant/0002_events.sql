CREATE TABLE "tenant_template"."events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_type" varchar(100) NOT NULL,
	"entity_type" varchar(50) NOT NULL,
	"entity_id" uuid NOT NULL,
	"action" text NOT NULL,
	"previous_state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"current_state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"changed_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"actor_id" uuid,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"handler_results" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_error" text,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "events_action_check" CHECK ("tenant_template"."events"."action" in ('CREATE','UPDATE','DELETE')),
	CONSTRAINT "events_status_check" CHECK ("tenant_template"."events"."status" in ('PENDING','PROCESSING','COMPLETED','FAILED'))
);
--> statement-breakpoint
CREATE TABLE "tenant_template"."notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recipient_id" uuid NOT NULL,
	"type" text NOT NULL,
	"title" varchar(200) NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"entity_type" varchar(50),
	"entity_id" uuid,
	"client_id" uuid,
	"due_date" timestamp with time zone,
	"meta_info" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"read_at" timestamp with time zone,
	"source_key" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_type_check" CHECK ("tenant_template"."notifications"."type" in ('CLIENT_ASSIGNED','CLIENT_STAGE_CHANGED','APPLICATION_ASSIGNED','VISA_APPLICATION_ASSIGNED','REMINDER_DUE','TASK_ASSIGNED','TASK_DUE_SOON','TASK_OVERDUE','TASK_MENTIONED','SYSTEM_ALERT'))
);
--> statement-breakpoint
ALTER TABLE "tenant_template"."events" ADD CONSTRAINT "events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."notifications" ADD CONSTRAINT "notifications_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "tenant_template"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_template"."notifications" ADD CONSTRAINT "notifications_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "tenant_template"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_due_idx" ON "tenant_template"."events" USING btree ("next_attempt_at") WHERE "tenant_template"."events"."status" in ('PENDING', 'PROCESSING');--> statement-breakpoint
CREATE INDEX "events_status_created_idx" ON "tenant_template"."events" USING btree ("status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_entity_idx" ON "tenant_template"."events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "events_type_idx" ON "tenant_template"."events" USING btree ("event_type","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "tenant_template"."notifications" USING btree ("recipient_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "tenant_template"."notifications" USING btree ("recipient_id") WHERE "tenant_template"."notifications"."read_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_source_unique" ON "tenant_template"."notifications" USING btree ("source_key","recipient_id","type");