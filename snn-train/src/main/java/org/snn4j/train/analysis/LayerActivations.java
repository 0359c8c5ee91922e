package org.snn4j.train.analysis;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The input and output of every layer of a network for one batch (inference mode), in forward order, for
 * both network kinds the zoo builds: a {@link MultiLayerNetwork} (layer i in layer order) and a
 * {@link ComputationGraph} (its layer vertices in topological order, from {@code feedForward}'s map of vertex
 * activations). What energy and visualize walk, so they need not know which kind of network a run holds.
 */
public final class LayerActivations {

    /**
     * One layer's activations.
     *
     * @param index  layer index of a MultiLayerNetwork; position among the layer vertices (topological order)
     *               of a ComputationGraph
     * @param name   the layer's name (a graph's vertex name), or "layer INDEX" when it has none
     * @param layer  the layer implementation
     * @param input  what the layer received, after its input preprocessor
     * @param output what the layer produced
     */
    public record Entry(int index, String name, Layer layer, INDArray input, INDArray output) {
        public org.deeplearning4j.nn.conf.layers.Layer conf() {
            return layer.conf().getLayer();
        }
    }

    private LayerActivations() {
    }

    /** Feeds {@code features} through {@code net} (no training) and returns every layer's activations. */
    public static List<Entry> of(Model net, INDArray features) {
        if (net instanceof MultiLayerNetwork) {
            return sequential((MultiLayerNetwork) net, features);
        }
        if (net instanceof ComputationGraph) {
            return graph((ComputationGraph) net, features);
        }
        throw new IllegalArgumentException("expected a MultiLayerNetwork or ComputationGraph, got " + net.getClass().getName());
    }

    private static List<Entry> sequential(MultiLayerNetwork net, INDArray features) {
        List<INDArray> acts = net.feedForward(features, false);
        Layer[] layers = net.getLayers();
        List<Entry> out = new ArrayList<>(layers.length);
        for (int i = 0; i < layers.length; i++) {
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
            out.add(new Entry(i, name(layers[i], i), layers[i], preprocessed(pre, acts.get(i)), acts.get(i + 1)));
        }
        return out;
    }

    private static List<Entry> graph(ComputationGraph net, INDArray features) {
        Map<String, INDArray> acts = net.feedForward(features, false);
        Map<String, List<String>> inputs = net.getConfiguration().getVertexInputs();
        GraphVertex[] vertices = net.getVertices();
        List<Entry> out = new ArrayList<>();
        for (int v : net.topologicalSortOrder()) {
            GraphVertex vertex = vertices[v];
            if (!vertex.hasLayer()) {
                continue;
            }
            String name = vertex.getVertexName();
            InputPreProcessor pre = vertex instanceof LayerVertex ? ((LayerVertex) vertex).getLayerPreProcessor() : null;
            INDArray in = acts.get(inputs.get(name).get(0));
            out.add(new Entry(out.size(), name, vertex.getLayer(), preprocessed(pre, in), acts.get(name)));
        }
        return out;
    }

    private static INDArray preprocessed(InputPreProcessor pre, INDArray in) {
        return pre == null ? in : pre.preProcess(in.dup(), (int) in.size(0), LayerWorkspaceMgr.noWorkspaces());
    }

    private static String name(Layer layer, int index) {
        String n = layer.conf().getLayer().getLayerName();
        return n == null || n.isBlank() ? "layer " + index : n;
    }
}
