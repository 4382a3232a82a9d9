package io.latentlab.ml.reduce;

/** A stored reducer back from its bytes for inference (no optimizer state), by the kind the reducer-trainer stored it under. */
public final class Reducers {
    private Reducers() {
    }

    /**
     * @param kind  pca, ae1, ae3 or dae (raw pixels store no model)
     * @param input the width of the images (784), for the identity reducer of raw pixels
     */
    public static Reducer restore(String kind, byte[] bytes, int input) {
        return switch (kind) {
            case "raw" -> new IdentityReducer(input);
            case "pca" -> PcaModel.fromBytes(bytes);
            case "ae1", "ae3", "dae" -> Autoencoder.fromBytes(bytes, false);
            default -> throw new IllegalArgumentException("no reducer of kind '" + kind + "'");
        };
    }
}
