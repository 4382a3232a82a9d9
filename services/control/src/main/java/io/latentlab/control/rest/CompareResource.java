package io.latentlab.control.rest;

import io.latentlab.control.security.ReadAccessPolicy;
import io.latentlab.control.service.CompareService;
import io.latentlab.kit.report.RunComparison;
import io.quarkus.vertx.http.security.AuthorizationPolicy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Completed runs side by side (a read: open unless reads are closed, like every GET of the API). */
@Path("/api/compare")
@Tag(name = "runs")
public class CompareResource {

    /** RFC 4180's media type. */
    static final String CSV = "text/csv; charset=utf-8";

    private final CompareService compare;

    public CompareResource(CompareService compare) {
        this.compare = compare;
    }

    @GET
    @AuthorizationPolicy(name = ReadAccessPolicy.NAME)
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "Compare completed runs row by row", description = "?runs=a,b[,c...] (2 to 6, the first is "
            + "the baseline). Rows every run has are compared: each run's mean test accuracy with its 95 % interval and "
            + "its difference from the baseline in points, beyondNoise when the two intervals do not overlap. Rows only "
            + "some runs have are listed under unshared; request fields that differ under requestDifferences. Runs may "
            + "be on different datasets (runs[].dataset); verdicts says for each paired comparison behind the verdicts "
            + "whether it holds in every run. ?format=csv: the shared rows as CSV (RFC 4180), one record per "
            + "configuration with every run's columns.")
    @APIResponse(responseCode = "200", description = "the comparison (JSON, or text/csv with ?format=csv)")
    @APIResponse(responseCode = "400", description = "fewer than 2 or more than 6 runs, a malformed or repeated run id, "
            + "a format other than json or csv")
    @APIResponse(responseCode = "404", description = "a run without a report (unknown, or not completed yet)")
    public Response compare(@QueryParam("runs") String runs, @QueryParam("format") String format) {
        try {
            if (CompareService.format(format) == CompareService.Format.CSV) {
                CompareService.CsvFile csv = compare.csv(runs);
                return Response.ok(csv.body(), CSV)
                        .header("Content-Disposition", "attachment; filename=\"" + csv.fileName() + "\"").build();
            }
            RunComparison.Result result = compare.compare(runs);
            return Response.ok(result, MediaType.APPLICATION_JSON_TYPE).build();
        } catch (IllegalArgumentException e) {
            return ErrorMappers.error(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }
}
