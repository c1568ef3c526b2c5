/** The analytics answers, as the generated client types them. */
import type { Schemas } from '@/lib/api';

export type Engagement = Schemas['EngagementOut'];
export type Journeys = Schemas['JourneysOut'];
export type Cohorts = Schemas['CohortsOut'];
export type AtRiskPage = Schemas['AtRiskPageOut'];
export type AtRiskItem = Schemas['AtRiskOut'];
export type SupportFigures = Schemas['AnalyticsOut'];
export type SupportTrends = Schemas['SupportTrendsOut'];
export type Band = AtRiskItem['band'];
export type AccountStatus = AtRiskItem['account_status'];
