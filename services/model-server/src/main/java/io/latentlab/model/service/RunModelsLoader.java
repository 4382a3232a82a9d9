package io.latentlab.model.service;

import io.latentlab.kit.plan.RunDatasets;
import io.latentlab.kit.RunIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.kit.store.ArtifactNotFoundException;
import io.latentlab.kit.store.ArtifactStore;
import io.latentlab.kit.store.StoreKeys;
import io.latentlab.ml.classify.TrainedClassifier;
import io.latentlab.ml.data.FloatMatrix;
import io.latentlab.ml.image.DigitPng;
import io.latentlab.ml.infer.RowClassifier;
import io.latentlab.ml.infer.RowReducer;
import io.latentlab.ml.io.Npy;
import io.latentlab.ml.reduce.Autoencoder;
import io.latentlab.ml.reduce.PcaModel;
import io.latentlab.ml.reduce.Reducer;
import io.latentlab.ml.reduce.Reducers;
import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.RunAccepted;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.SplitRef;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a completed run's models from S3: report.json names every classifier job (rows, their first seed's job)
 * and the stored model and reducer model of each (predictions), accepted.pb the digits and the test split. Every
 * object is read through {@link ArtifactStore#get(ArtifactRef)}, which checks its size and sha256.
 */
@ApplicationScoped
public class RunModelsLoader implements RunModelsSource {

    private static final Logger LOG = Logger.getLogger(RunModelsLoader.class);

    private final ArtifactStore store;
    private final ObjectMapper json;

    public RunModelsLoader(ArtifactStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** One HEAD (two for a run without a report): does the run's report exist? */
    @Override
    public void requireComplete(String runId) {
        if (!RunIds.valid(runId)) {
            throw new BadPredictionRequestException(RunIds.RULE);
        }
        if (!store.exists(StoreKeys.runReport(runId, "report.json"))) {
            throw notComplete(runId);
        }
    }

    private RuntimeException notComplete(String runId) {
        return store.exists(StoreKeys.runAccepted(runId))
                ? new BadPredictionRequestException("run " + runId + " has not completed: it has no report yet")
                : new RunNotFoundException(runId);
    }

    @Override
    public RunModels load(String runId) {
        requireComplete(runId);
        byte[] reportBytes = store.find(StoreKeys.runReport(runId, "report.json")).orElseThrow(() -> notComplete(runId));
        long start = System.nanoTime();
        JsonNode report = readJson(reportBytes, runId);
        Map<String, JsonNode> predictions = new HashMap<>();
        report.path("predictions").forEach(p -> predictions.put(p.path("jobId").asText(), p));
        try {
            RunAccepted accepted = EventCodec.decode(store.getByKey(StoreKeys.runAccepted(runId)), RunEvent.parser(),
                    StoreKeys.runAccepted(runId)).getAccepted();
            List<ReducerModels> reducers = reducers(runId, report, predictions);
            SplitRef test = accepted.getDataset().getTest();
            FloatMatrix testImages = Npy.readFloatMatrix(store.get(test.getFeatures()));
            int[] testLabels = Npy.readInts(store.get(test.getLabels()));
            long bytes = reducers.stream().mapToLong(ReducerModels::bytes).sum()
                    + 4L * testImages.rows() * testImages.cols() + 4L * testLabels.length;
            RunModels run = new RunModels(runId, accepted.getRequest().getDigitsList(), RunDatasets.classNames(accepted), reducers, testImages, testLabels,
                    bytes);
            LOG.infof("run %s: %d reducers and %d classifiers (%.1f MB) loaded in %.1f s", runId, reducers.size(),
                    reducers.stream().mapToInt(r -> r.classifiers().size()).sum(), bytes / 1e6,
                    (System.nanoTime() - start) / 1e9);
            return run;
        } catch (ArtifactNotFoundException e) {
            throw new BadPredictionRequestException("the models of run " + runId + " were removed: " + e.getMessage());
        }
    }

    private List<ReducerModels> reducers(String runId, JsonNode report, Map<String, JsonNode> predictions) {
        // one group per reducer × k (× noise), in the report's row order; raw pixels first
        Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
        for (JsonNode row : report.path("rows")) {
            String group = row.path("reducer").asText() + "|" + row.path("noise").asText() + "|" + row.path("k").asInt();
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(row);
        }
        if (groups.isEmpty()) {
            throw new BadPredictionRequestException("the report of run " + runId + " has no rows");
        }
        List<ReducerModels> reducers = new ArrayList<>();
        for (List<JsonNode> rows : groups.values()) {
            reducers.add(reducer(runId, rows, predictions));
        }
        reducers.sort(Comparator.comparing((ReducerModels r) -> !r.raw()));
        return reducers;
    }

    private ReducerModels reducer(String runId, List<JsonNode> rows, Map<String, JsonNode> predictions) {
        JsonNode first = rows.get(0);
        String kind = first.path("reducer").asText();
        List<ClassifierModel> classifiers = new ArrayList<>();
        JsonNode reducerModel = null;
        String name = null;
        for (JsonNode row : rows) {
            JsonNode seed = firstSeed(row);
            String jobId = seed.path("jobId").asText(row.path("jobId").asText());
            String arch = row.path("arch").asText();
            JsonNode stored = predictions.get(jobId);
            if (stored == null || !stored.hasNonNull("model")) {
                throw new BadPredictionRequestException("the report of run " + runId + " names no model for " + jobId);
            }
            reducerModel = stored.get("reducerModel");
            name = jobId.endsWith("-" + arch) ? jobId.substring(0, jobId.length() - arch.length() - 1) : jobId;
            TrainedClassifier trained = TrainedClassifier.fromBytes(get(stored.get("model")), false);
            classifiers.add(new ClassifierModel(arch, jobId, seed.path("valAccuracy").asDouble(),
                    seed.path("testAccuracy").asDouble(), RowClassifier.of(trained), heapBytes(trained)));
        }
        if (!kind.equals("raw") && (reducerModel == null || reducerModel.isNull())) {
            throw new BadPredictionRequestException("the report of run " + runId + " does not name the model of reducer "
                    + name + " (written before the model server existed): run the study again");
        }
        classifiers.sort(Comparator.comparing(ClassifierModel::arch));
        ClassifierModel best = classifiers.stream().max(Comparator.comparingDouble(ClassifierModel::valAccuracy)).orElseThrow();
        byte[] reducerBytes = kind.equals("raw") ? null : get(reducerModel);
        Reducer restored = Reducers.restore(kind, reducerBytes, DigitPng.PIXELS);
        return new ReducerModels(name, kind, first.path("k").asInt(), first.path("noise").isNumber()
                ? first.path("noise").asDouble() : null, RowReducer.of(restored), List.copyOf(classifiers), best,
                heapBytes(restored) + classifiers.stream().mapToLong(ClassifierModel::bytes).sum());
    }

    /** The row form's floats (its dense layers' weights and biases) and the standardizer's doubles. */
    private static long heapBytes(TrainedClassifier classifier) {
        return 4 * classifier.network().numParams() + 16L * classifier.standardizer().size();
    }

    /** The row form's floats: PCA's mean and components, an autoencoder's weights and biases, nothing for raw. */
    private static long heapBytes(Reducer reducer) {
        if (reducer instanceof PcaModel pca) {
            return 4L * pca.mean().length + 4L * pca.codeSize() * pca.inputSize();
        }
        if (reducer instanceof Autoencoder ae) {
            return 4 * ae.network().numParams();
        }
        return 0;
    }

    /** The row's run-seed job: perSeed's repeat 0 (a report of one seed may list only the row itself). */
    private static JsonNode firstSeed(JsonNode row) {
        for (JsonNode seed : row.path("perSeed")) {
            if (seed.path("repeat").asInt() == 0) {
                return seed;
            }
        }
        return row;
    }

    private byte[] get(JsonNode link) {
        return store.get(ArtifactRef.newBuilder().setKey(link.path("key").asText())
                .setSha256(link.path("sha256").asText()).setSize(link.path("size").asLong()).build());
    }

    private JsonNode readJson(byte[] bytes, String runId) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("the report of run " + runId + " is not JSON: " + e.getMessage(), e);
        }
    }
}
