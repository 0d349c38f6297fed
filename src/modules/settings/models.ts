// The rows behind the settings module's GraphQL types (codegen maps `X` to `XModel`).
import type { TenantSettings } from '../../tenancy/settings.js';

export type TenantSettingsModel = TenantSettings;
