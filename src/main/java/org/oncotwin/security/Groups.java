package org.oncotwin.security;

/** The groups of OncoTwin's users (Camunda groups; from LDAP or OIDC in production). */
public final class Groups {

    public static final String ADMINS = "camunda-admin";
    public static final String COORDINATORS = "coordinators";
    public static final String MANAGERS = "managers";

    private Groups() {
    }

    /** Physicians of a centre: they hand patients over to other centres. */
    public static String physicians(String centreId) {
        return "physicians-" + centreId;
    }

    /** Staff of a centre: they answer the referrals the centre receives. */
    public static String staff(String centreId) {
        return "staff-" + centreId;
    }
}
