package org.oncotwin.benchmark;

/** The PostgreSQL database benchmarks use: the integration tests' one (see README), in schemas of their own. */
final class BenchmarkDatabase {

    private BenchmarkDatabase() {
    }

    static String url() {
        return env("ONCOTWIN_TEST_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:5432/oncotwin_test");
    }

    static String user() {
        return env("ONCOTWIN_TEST_DATASOURCE_USERNAME", "postgres");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
