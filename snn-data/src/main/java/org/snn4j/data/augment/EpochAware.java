package org.snn4j.data.augment;

/** A dataset whose random draws depend on the training epoch; iterators call {@link #setEpoch} on reset. */
public interface EpochAware {
    void setEpoch(int epoch);
}
