package org.snn4j.models.zoo;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.snn4j.models.info.ParamCount;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built zoo network configuration: either a {@link MultiLayerConfiguration} or a
 * {@link ComputationGraphConfiguration}, with its input type ({@code [N, T*C, H, W]}) and T.
 */
public final class ZooConfiguration {
    private final String name;
    private final MultiLayerConfiguration sequential;
    private final ComputationGraphConfiguration graph;
    private final InputType inputType;
    private final int timesteps;

    private ZooConfiguration(String name, MultiLayerConfiguration sequential, ComputationGraphConfiguration graph,
                             InputType inputType, int timesteps) {
        this.name = name;
        this.sequential = sequential;
        this.graph = graph;
        this.inputType = inputType;
        this.timesteps = timesteps;
    }

    static ZooConfiguration of(String name, MultiLayerConfiguration conf, InputType in, int t) {
        return new ZooConfiguration(name, conf, null, in, t);
    }

    static ZooConfiguration of(String name, ComputationGraphConfiguration conf, InputType in, int t) {
        return new ZooConfiguration(name, null, conf, in, t);
    }

    /** Builds and initialises the network (MultiLayerNetwork or ComputationGraph). */
    public Model init() {
        if (sequential != null) {
            MultiLayerNetwork net = new MultiLayerNetwork(sequential);
            net.init();
            return net;
        }
        ComputationGraph net = new ComputationGraph(graph);
        net.init();
        return net;
    }

    /** Layer configurations by name (sequential networks: "index" of the layer), in network order. */
    public Map<String, Layer> layers() {
        Map<String, Layer> out = new LinkedHashMap<>();
        if (sequential != null) {
            List<NeuralNetConfiguration> confs = sequential.getConfs();
            for (int i = 0; i < confs.size(); i++) {
                out.put(String.valueOf(i), confs.get(i).getLayer());
            }
        } else {
            // vertices are kept in insertion order, which is topological for the zoo's builders
            for (Map.Entry<String, GraphVertex> e : graph.getVertices().entrySet()) {
                if (e.getValue() instanceof LayerVertex) {
                    out.put(e.getKey(), ((LayerVertex) e.getValue()).getLayerConf().getLayer());
                }
            }
        }
        return out;
    }

    /** Trainable parameters as PyTorch counts them (BN running statistics excluded), from the configuration. */
    public long trainableParams() {
        long n = 0;
        for (Layer l : layers().values()) {
            n += ParamCount.trainable(l);
        }
        return n;
    }

    /** Per-step output types of every layer, in {@link #layers()} order. */
    public List<InputType> layerOutputTypes() {
        if (sequential != null) {
            return new ArrayList<>(sequential.getLayerActivationTypes(inputType));
        }
        Map<String, InputType> types = graph.getLayerActivationTypes(inputType);
        List<InputType> out = new ArrayList<>();
        for (String v : layers().keySet()) {
            out.add(types.get(v));
        }
        return out;
    }

    public String name() {
        return name;
    }

    public boolean isGraph() {
        return graph != null;
    }

    public MultiLayerConfiguration sequential() {
        return sequential;
    }

    public ComputationGraphConfiguration graph() {
        return graph;
    }

    /** Network input type: convolutional {@code (T*C) x H x W} per sample. */
    public InputType inputType() {
        return inputType;
    }

    public int timesteps() {
        return timesteps;
    }
}
