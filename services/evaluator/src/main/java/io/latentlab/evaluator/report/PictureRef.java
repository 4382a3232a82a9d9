package io.latentlab.evaluator.report;

import io.latentlab.proto.Picture;

/** A PNG of the run as report.json names it: where it is in the store and what it shows. */
public record PictureRef(String name, String caption, String key, String sha256) {

    public static PictureRef of(Picture picture) {
        return new PictureRef(picture.getName(), picture.getCaption(), picture.getImage().getKey(),
                picture.getImage().getSha256());
    }
}
