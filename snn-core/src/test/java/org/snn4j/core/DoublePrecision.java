package org.snn4j.core;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** JUnit extension: runs a test class with ND4J's default data types set to double (for gradient checks). */
public class DoublePrecision implements BeforeAllCallback, AfterAllCallback {
    private DataType saved;
    private DataType savedFloat;

    @Override
    public void beforeAll(ExtensionContext context) {
        saved = Nd4j.dataType();
        savedFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Nd4j.setDefaultDataTypes(saved, savedFloat);
    }
}
