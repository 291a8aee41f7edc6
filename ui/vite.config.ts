import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Tauri serves ui/dist from a custom protocol, so asset paths stay relative.
export default defineConfig({
  base: "./",
  plugins: [react()],
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: { outDir: "dist", target: "es2022", emptyOutDir: true },
  test: {
    // Absolute dates in titles are rendered in local time; pin it so tests are stable.
    env: { TZ: "UTC" },
    projects: [
      {
        extends: true,
        test: {
          name: "dom",
          environment: "jsdom",
          setupFiles: ["./src/test/setup.ts", "./src/test/ruleFixtures.ts"],
          include: ["src/**/*.test.{ts,tsx}"],
          exclude: ["src/**/*.node.test.ts"],
        },
      },
      // Tests that run Node tools (a production build): esbuild refuses jsdom's globals.
      { extends: true, test: { name: "node", environment: "node", include: ["src/**/*.node.test.ts"] } },
    ],
  },
});
