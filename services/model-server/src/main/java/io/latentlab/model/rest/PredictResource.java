package io.latentlab.model.rest;

import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.image.DigitPng;
import io.latentlab.model.service.BadPredictionRequestException;
import io.latentlab.model.service.Prediction;
import io.latentlab.model.service.PredictionService;
import io.latentlab.model.service.TestImage;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * Predictions of a completed run's models for one 28×28 image, sent as JSON pixels, a PNG body or a PNG upload.
 * Read-only: nothing here changes a run (docs/security.md).
 */
@Path("/api/runs/{runId}")
@Tag(name = "predictions", description = "A completed run's reducers and classifiers on one image")
@Produces(MediaType.APPLICATION_JSON)
public class PredictResource {

    private static final String PREDICT_DESCRIPTION = "For every reducer × k of the run: the code, the "
            + "reconstruction (784 values and a PNG data URL), its MSE against the input, and the class probabilities "
            + "of the classifier that validated best on its codes (of every architecture with all=true); the raw-pixel "
            + "classifier too. The run's models are loaded from S3 on first use (sha256 verified) and kept in memory.";
    private static final String BAD_INPUT = "wrong size, values outside [0, 1], not a PNG (or one whose header, chunks "
            + "or data break its limits), a bad noise or seed, an unfinished run, or a run whose models were removed: "
            + "the reason is in the body";
    private static final String NO_RUN = "no run of that id (nothing is loaded or evicted for it)";
    private static final String BUSY = "the server is loading as many other runs as latentlab.models.max-concurrent-loads "
            + "allows: retry after Retry-After seconds";

    private final PredictionService predictions;

    public PredictResource(PredictionService predictions) {
        this.predictions = predictions;
    }

    @POST
    @Path("/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Predict from 784 pixel values", description = PREDICT_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "every model's answer",
            content = @Content(schema = @Schema(implementation = Prediction.class)))
    @APIResponse(responseCode = "400", description = BAD_INPUT,
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = NO_RUN,
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = BUSY,
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Prediction predictPixels(@PathParam("runId") String runId, PixelsRequest body,
                                    @BeanParam PredictOptions options) {
        return predict(runId, pixels(body), options);
    }

    @POST
    @Path("/predict")
    @Consumes("image/png")
    @Operation(summary = "Predict from a 28×28 PNG body", description = PREDICT_DESCRIPTION
            + " The PNG is read in MNIST's convention: ink bright (grey level / 255), transparency as black.")
    @APIResponse(responseCode = "200", description = "every model's answer",
            content = @Content(schema = @Schema(implementation = Prediction.class)))
    @APIResponse(responseCode = "400", description = BAD_INPUT,
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = NO_RUN,
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = BUSY,
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Prediction predictPng(@PathParam("runId") String runId, byte[] png, @BeanParam PredictOptions options) {
        return predict(runId, png(png), options);
    }

    @POST
    @Path("/predict")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Predict from an uploaded 28×28 PNG (form field 'image')", description = PREDICT_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "every model's answer",
            content = @Content(schema = @Schema(implementation = Prediction.class)))
    @APIResponse(responseCode = "400", description = BAD_INPUT,
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = NO_RUN,
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = BUSY,
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Prediction predictUpload(@PathParam("runId") String runId, @RestForm("image") FileUpload image,
                                    @BeanParam PredictOptions options) {
        if (image == null) {
            throw new BadPredictionRequestException("the form has no file field 'image'");
        }
        try {
            return predict(runId, png(Files.readAllBytes(image.uploadedFile())), options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Path("/test-images/random")
    @Operation(summary = "A random image of the run's stored test split", description = "Its index, digit, pixels and PNG.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TestImage.class)))
    @APIResponse(responseCode = "400", description = "an unknown or unfinished run, or one whose models were removed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public TestImage randomTestImage(@PathParam("runId") String runId) {
        return predictions.testImage(runId, null);
    }

    @GET
    @Path("/test-images/{index}")
    @Operation(summary = "One image of the run's stored test split, by index")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TestImage.class)))
    @APIResponse(responseCode = "400", description = "an index outside the split, an unknown or unfinished run",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public TestImage testImage(@PathParam("runId") String runId, @PathParam("index") String index) {
        return predictions.testImage(runId, (int) number(index, "index", 0, Integer.MAX_VALUE));
    }

    private Prediction predict(String runId, FloatMatrix image, PredictOptions options) {
        String noise = options.noise;
        String seed = options.seed;
        double factor = noise == null || noise.isBlank() ? 0 : decimal(noise, "noise");
        long noiseSeed = seed == null || seed.isBlank() ? 0 : number(seed, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
        boolean every = options.all != null && !options.all.isBlank() && flag(options.all);
        return predictions.predict(runId, image, factor, noiseSeed, every);
    }

    private static FloatMatrix pixels(PixelsRequest body) {
        List<Double> pixels = body == null ? null : body.pixels();
        if (pixels == null) {
            throw new BadPredictionRequestException("the body needs \"pixels\": " + DigitPng.PIXELS + " values in [0, 1]");
        }
        if (pixels.size() != DigitPng.PIXELS) {
            throw new BadPredictionRequestException("pixels must hold " + DigitPng.PIXELS + " values (28x28), got "
                    + pixels.size());
        }
        float[] values = new float[DigitPng.PIXELS];
        for (int p = 0; p < values.length; p++) {
            Double v = pixels.get(p);
            if (v == null || !(v >= 0 && v <= 1)) {
                throw new BadPredictionRequestException("pixel " + p + " is " + v + ", outside [0, 1]");
            }
            values[p] = v.floatValue();
        }
        return new FloatMatrix(1, DigitPng.PIXELS, values);
    }

    private static FloatMatrix png(byte[] png) {
        try {
            return DigitPng.read(png == null ? new byte[0] : png);
        } catch (IllegalArgumentException e) {
            throw new BadPredictionRequestException(e.getMessage());
        }
    }

    private static double decimal(String text, String name) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new BadPredictionRequestException(name + " must be a number, got '" + text + "'");
        }
    }

    private static long number(String text, String name, long min, long max) {
        try {
            long value = Long.parseLong(text.trim());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadPredictionRequestException(name + " must be an integer" + (min == 0 ? " >= 0" : "")
                    + ", got '" + text + "'");
        }
    }

    private static boolean flag(String text) {
        return switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadPredictionRequestException("all must be true or false, got '" + text + "'");
        };
    }
}
