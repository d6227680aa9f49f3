package com.aybiza.jobs;

import com.aybiza.jobs.enrich.ReferenceDataSettings;
import com.aybiza.jobs.ingest.IngestSettings;
import java.io.Serializable;
import java.util.Objects;

/** The front stage's settings: how events are judged and de-duplicated, and where the reference data is. */
public record FrontStageSettings(IngestSettings ingest, ReferenceDataSettings referenceData) implements Serializable {

    public FrontStageSettings {
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(referenceData, "referenceData");
    }
}
