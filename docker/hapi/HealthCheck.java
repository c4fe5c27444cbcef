import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Health check for images without a shell or curl (the HAPI FHIR image is distroless): exits 0 when the URL answers
 * 2xx within 5 seconds, 1 otherwise. Usage: java -cp /healthcheck HealthCheck http://localhost:8080/fhir/metadata
 */
public class HealthCheck {

    public static void main(String[] args) {
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(URI.create(args[0])).timeout(Duration.ofSeconds(5)).GET().build(),
                            HttpResponse.BodyHandlers.discarding());
            System.exit(response.statusCode() / 100 == 2 ? 0 : 1);
        } catch (Exception e) {
            System.err.println(args[0] + ": " + e);
            System.exit(1);
        }
    }
}
