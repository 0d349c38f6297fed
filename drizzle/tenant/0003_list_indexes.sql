CREATE INDEX "agents_name_idx" ON "tenant_template"."agents" USING btree ("agent_name","id") WHERE "tenant_template"."agents"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "agents_email_idx" ON "tenant_template"."agents" USING btree ("email");--> statement-breakpoint
CREATE INDEX "broad_fields_name_idx" ON "tenant_template"."broad_fields" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "client_activities_client_type_idx" ON "tenant_template"."client_activities" USING btree ("client_id","activity_type");--> statement-breakpoint
CREATE INDEX "clients_branch_active_idx" ON "tenant_template"."clients" USING btree ("branch_id","active");--> statement-breakpoint
CREATE INDEX "clients_name_idx" ON "tenant_template"."clients" USING btree ("last_name","first_name","id") WHERE "tenant_template"."clients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "clients_updated_idx" ON "tenant_template"."clients" USING btree ("updated_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tenant_template"."clients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "course_levels_name_idx" ON "tenant_template"."course_levels" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "courses_name_idx" ON "tenant_template"."courses" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "narrow_fields_broad_field_idx" ON "tenant_template"."narrow_fields" USING btree ("broad_field_id","name");--> statement-breakpoint
CREATE INDEX "reminders_created_by_idx" ON "tenant_template"."reminders" USING btree ("created_by_id","remind_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tasks_due_idx" ON "tenant_template"."tasks" USING btree ("due_date","id");--> statement-breakpoint
CREATE INDEX "tasks_priority_idx" ON "tenant_template"."tasks" USING btree ("priority");--> statement-breakpoint
CREATE INDEX "tasks_assigned_by_idx" ON "tenant_template"."tasks" USING btree ("assigned_by_id");--> statement-breakpoint
CREATE INDEX "visa_applications_updated_idx" ON "tenant_template"."visa_applications" USING btree ("updated_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "visa_applications_created_by_idx" ON "tenant_template"."visa_applications" USING btree ("created_by_id");