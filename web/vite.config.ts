import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

// In development Vite serves the app and forwards /api to the API server (npm run dev).
export default defineConfig({
  plugins: [solid()],
  server: { port: 5173, proxy: { "/api": "http://localhost:8787" } },
  build: { target: "es2022", chunkSizeWarningLimit: 1500 },
});
