import { Route, Router } from "@solidjs/router";
import { render } from "solid-js/web";
import { HomePage } from "./pages/home";
import { MapPage } from "./pages/map";
import { NotFoundPage } from "./pages/notFound";
import { ReportsPage } from "./pages/reports";
import { PhoneIntakePage, ResidentRequestPage } from "./pages/requestForm";
import { Shell } from "./Shell";
import "./styles.css";

const root = document.getElementById("root");
if (root) {
  render(
    () => (
      <Router root={Shell}>
        <Route path="/" component={HomePage} />
        <Route path="/map/:code?" component={MapPage} />
        <Route path="/request/:code?" component={ResidentRequestPage} />
        <Route path="/intake/:code?" component={PhoneIntakePage} />
        <Route path="/reports" component={ReportsPage} />
        <Route path="*" component={NotFoundPage} />
      </Router>
    ),
    root,
  );
}
