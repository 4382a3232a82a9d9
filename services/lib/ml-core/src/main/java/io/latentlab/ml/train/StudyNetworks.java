package io.latentlab.ml.train;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/** What every network of the study shares: float32, Xavier initialisation, Adam, the run's seed. */
public final class StudyNetworks {

    private StudyNetworks() {
    }

    public static NeuralNetConfiguration.ListBuilder layers(TrainingConfig cfg) {
        return new NeuralNetConfiguration.Builder()
                .seed(cfg.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(cfg.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .list();
    }
}
