package org.oncotwin.dashboard;

import java.time.Instant;

/**
 * What the manager looks at: a period ({@code from} inclusive, {@code to} exclusive), optionally one centre (a
 * pathway involves it if it coordinates or receives a referral) and one pathway model.
 */
public record DashboardFilter(Instant from, Instant to, String centre, String model) {
}
