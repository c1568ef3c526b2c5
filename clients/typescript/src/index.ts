export * from "./bulk.js";
export * from "./client.js";
export * from "./support.js";
export * from "./timeRange.js";
export * from "./users.js";
