/** The S-UI simulator lives in the product (the demo runs it): src/panels/simulated/sui-panel.ts. */
export * from "../../src/panels/simulated/sui-panel.ts";
