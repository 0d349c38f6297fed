DROP INDEX "tenant_template"."client_activities_client_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."client_activities_performer_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."clients_branch_created_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."clients_created_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."clients_updated_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."college_applications_created_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."employments_client_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."events_status_created_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."events_type_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."institute_intakes_institute_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."notes_client_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."notes_author_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."notifications_recipient_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."proficiencies_client_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."qualifications_client_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."reminders_owner_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."reminders_created_by_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."visa_applications_created_idx";--> statement-breakpoint
DROP INDEX "tenant_template"."visa_applications_updated_idx";--> statement-breakpoint
CREATE INDEX "client_activities_client_idx" ON "tenant_template"."client_activities" USING btree ("client_id","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "client_activities_performer_idx" ON "tenant_template"."client_activities" USING btree ("performed_by_id","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "clients_branch_created_idx" ON "tenant_template"."clients" USING btree ("branch_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "tenant_template"."clients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "clients_created_idx" ON "tenant_template"."clients" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "tenant_template"."clients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "clients_updated_idx" ON "tenant_template"."clients" USING btree ("updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "tenant_template"."clients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "college_applications_created_idx" ON "tenant_template"."college_applications" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "employments_client_idx" ON "tenant_template"."employments" USING btree ("client_id","end_date" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "events_status_created_idx" ON "tenant_template"."events" USING btree ("status","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "events_type_idx" ON "tenant_template"."events" USING btree ("event_type","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "institute_intakes_institute_idx" ON "tenant_template"."institute_intakes" USING btree ("institute_id","intake_date" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "notes_client_idx" ON "tenant_template"."notes" USING btree ("client_id","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "notes_author_idx" ON "tenant_template"."notes" USING btree ("author_id","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "tenant_template"."notifications" USING btree ("recipient_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "proficiencies_client_idx" ON "tenant_template"."proficiencies" USING btree ("client_id","test_date" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "qualifications_client_idx" ON "tenant_template"."qualifications" USING btree ("client_id","completion_date" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "reminders_owner_idx" ON "tenant_template"."reminders" USING btree ("owner_id","remind_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "reminders_created_by_idx" ON "tenant_template"."reminders" USING btree ("created_by_id","remind_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "visa_applications_created_idx" ON "tenant_template"."visa_applications" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "visa_applications_updated_idx" ON "tenant_template"."visa_applications" USING btree ("updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);