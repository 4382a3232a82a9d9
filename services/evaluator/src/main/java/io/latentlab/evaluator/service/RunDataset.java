package io.latentlab.evaluator.service;

import io.latentlab.kit.plan.RunDatasets;
import io.latentlab.ml.data.DatasetManifest;
import io.latentlab.proto.DatasetInfo;
import io.latentlab.proto.RunAccepted;

/** The dataset a run drew from, as its acceptance names it; a run accepted before datasets had names drew from MNIST. */
final class RunDataset {

    private RunDataset() {
    }

    static DatasetInfo of(RunAccepted accepted) {
        if (accepted.hasSource()) {
            return accepted.getSource();
        }
        return DatasetInfo.newBuilder().setName(DatasetManifest.MNIST.name()).setSha256(DatasetManifest.MNIST.sha256())
                .addAllClassNames(RunDatasets.classNames(accepted)).build();
    }
}
