import type { Instance } from "./instance";
import { Route, updateRoute } from "./route";

/**
 * A plan under construction: one route per shift plus the unassigned requests. Cloning is
 * shallow and routes are copied on first write, so an LNS step only pays for what it touches.
 */
export class Solution {
  routes: Route[];
  private owned: Uint8Array;
  /** Shift serving each request, −1 when unassigned. */
  routeOf: Int32Array;

  constructor(
    readonly inst: Instance,
    routes?: Route[],
    routeOf?: Int32Array,
  ) {
    if (routes && routeOf) {
      this.routes = routes;
      this.routeOf = routeOf;
      this.owned = new Uint8Array(routes.length);
    } else {
      this.routes = [];
      for (let s = 0; s < inst.nShift; s++) {
        const r = new Route(s, []);
        updateRoute(inst, r);
        this.routes.push(r);
      }
      this.routeOf = new Int32Array(inst.nReq).fill(-1);
      this.owned = new Uint8Array(inst.nShift).fill(1);
    }
  }

  clone(): Solution {
    return new Solution(this.inst, this.routes.slice(), this.routeOf.slice());
  }

  /** The route of shift s, copied first if shared with another solution. */
  mutable(s: number): Route {
    if (this.owned[s] === 0) {
      this.routes[s] = (this.routes[s] as Route).clone();
      this.owned[s] = 1;
    }
    return this.routes[s] as Route;
  }

  unassigned(): number[] {
    const out: number[] = [];
    for (let r = 0; r < this.routeOf.length; r++) if (this.routeOf[r] === -1) out.push(r);
    return out;
  }

  usedVehicles(): number {
    let n = 0;
    for (const r of this.routes) if (r.nodes.length > 0) n++;
    return n;
  }

  cost(): number {
    let c = 0;
    for (const r of this.routes) c += r.cost;
    return c;
  }

  unservedPriority(): number {
    let u = 0;
    for (let r = 0; r < this.routeOf.length; r++)
      if (this.routeOf[r] === -1) u += this.inst.prio[r] as number;
    return u;
  }

  /** Scalar objective: unserved priority ≫ vehicles (if counted) ≫ cost. */
  objective(countVehicles: boolean): number {
    return (
      this.unservedPriority() * this.inst.unservedWeight +
      (countVehicles ? this.usedVehicles() * this.inst.vehicleWeight : 0) +
      this.cost()
    );
  }
}
