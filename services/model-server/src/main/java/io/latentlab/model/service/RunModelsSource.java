package io.latentlab.model.service;

/** Where {@link ModelCache} gets a run: a cheap existence check first, then the (expensive) load. */
public interface RunModelsSource {

    /**
     * Throws unless the run exists and is complete, without loading anything.
     *
     * @throws RunNotFoundException          no such run
     * @throws BadPredictionRequestException an invalid id or a run that has not completed
     */
    void requireComplete(String runId);

    RunModels load(String runId);
}
