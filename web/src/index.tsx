import { Route, Router } from "@solidjs/router";
import { render } from "solid-js/web";
import { AccountsPage } from "./pages/accounts";
import { AuditLogPage } from "./pages/auditLog";
import { CoveragePage } from "./pages/coverage";
import { DriversPage } from "./pages/drivers";
import { DronesPage } from "./pages/drones";
import { HomePage } from "./pages/home";
import { HubsPage } from "./pages/hubs";
import { MapPage } from "./pages/map";
import { MunicipalitiesPage } from "./pages/municipalities";
import { MyDataPage } from "./pages/myData";
import { MyRequestsPage } from "./pages/myRequests";
import { NotFoundPage } from "./pages/notFound";
import { OnboardingPage } from "./pages/onboarding";
import { OrganisationsPage } from "./pages/organisations";
import { PasswordPage } from "./pages/password";
import { PlanReviewPage } from "./pages/planReview";
import { ReportsPage } from "./pages/reports";
import { PhoneIntakePage, ResidentRequestPage } from "./pages/requestForm";
import { AcceptInvitationPage, ResetPasswordPage } from "./pages/resetPassword";
import { ResidentsPage } from "./pages/residents";
import { ResourcesPage } from "./pages/resources";
import { RoutesPage } from "./pages/routes";
import { RunSheetListPage, RunSheetPage } from "./pages/runSheets";
import { requireSignIn, SignInPage } from "./pages/signin";
import { VehiclesPage } from "./pages/vehicles";
import { Shell } from "./Shell";
import "./styles.css";

const root = document.getElementById("root");
if (root) {
  render(
    () => (
      <Router root={Shell}>
        <Route path="/" component={HomePage} />
        <Route path="/signin" component={SignInPage} />
        <Route path="/map/:code?" component={MapPage} />
        <Route path="/coverage/:code?" component={requireSignIn(CoveragePage)} />
        <Route path="/request/:code?" component={requireSignIn(ResidentRequestPage)} />
        <Route path="/intake/:code?" component={requireSignIn(PhoneIntakePage)} />
        <Route path="/reports" component={ReportsPage} />
        <Route path="/resources" component={requireSignIn(ResourcesPage)} />
        <Route path="/onboarding/:code?" component={requireSignIn(OnboardingPage)} />
        <Route path="/resources/vehicles/:code?" component={requireSignIn(VehiclesPage)} />
        <Route path="/resources/routes/:code?" component={requireSignIn(RoutesPage)} />
        <Route path="/resources/drones/:code?" component={requireSignIn(DronesPage)} />
        <Route path="/resources/hubs/:code?" component={requireSignIn(HubsPage)} />
        <Route path="/resources/organisations/:code?" component={requireSignIn(OrganisationsPage)} />
        <Route path="/resources/drivers/:code?" component={requireSignIn(DriversPage)} />
        <Route path="/resources/residents/:code?" component={requireSignIn(ResidentsPage)} />
        <Route path="/accounts/:code?" component={requireSignIn(AccountsPage)} />
        <Route path="/audit-log/:code?" component={requireSignIn(AuditLogPage)} />
        <Route path="/plans" component={requireSignIn(PlanReviewPage)} />
        <Route path="/run-sheets" component={requireSignIn(RunSheetListPage)} />
        <Route path="/run-sheets/:runId/:vehicleId/:shift" component={requireSignIn(RunSheetPage)} />
        <Route path="/my-data" component={MyDataPage} />
        <Route path="/my-requests" component={requireSignIn(MyRequestsPage)} />
        <Route path="/account/password" component={requireSignIn(PasswordPage)} />
        <Route path="/reset-password" component={ResetPasswordPage} />
        <Route path="/accept-invitation" component={AcceptInvitationPage} />
        <Route path="/municipalities" component={requireSignIn(MunicipalitiesPage)} />
        <Route path="*" component={NotFoundPage} />
      </Router>
    ),
    root,
  );
}
