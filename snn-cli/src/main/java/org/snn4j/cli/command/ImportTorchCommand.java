package org.snn4j.cli.command;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.snn4j.cli.CliFailure;
import org.snn4j.core.io.AtomicFiles;
import org.snn4j.models.info.ParamCount;
import org.snn4j.models.torch.SmaVggTorchNames;
import org.snn4j.models.torch.TorchImport;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.train.options.OptionValues;
import org.snn4j.train.options.UsageException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code snn import-torch FILE.pth --model NAME [--variant dvs128|cifar10dvs|ncaltech101] --out MODEL.zip}:
 * a PyTorch state dict of the released SMA-VGG code into the zoo network, saved as an snn4j/DL4J model.
 */
public final class ImportTorchCommand implements Command {

    @Override
    public String name() {
        return "import-torch";
    }

    @Override
    public String summary() {
        return "load a PyTorch state dict (torch.save) of the released SMA-VGG code into a zoo network and save it";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("model").hasArg().argName("NAME").required()
                .desc("zoo network: " + String.join(", ", TorchImport.MODELS)).build());
        o.addOption(Option.builder().longOpt("variant").hasArg().argName("DATASET")
                .desc("which released script the weights come from: dvs128 (default), cifar10dvs, ncaltech101 "
                        + "(sets T, classes and AZO's RCR as that script does)").build());
        o.addOption(Option.builder().longOpt("input").hasArg().argName("C,H,W")
                .desc("input size per step (default: the model's, 2,128,128)").build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("MODEL.zip").required().desc("model file to write").build());
        o.addOption(Option.builder().longOpt("force").desc("overwrite an existing --out file").build());
        return o;
    }

    @Override
    public boolean takesPositional() {
        return true;
    }

    @Override
    public int run(CommandLine cmd, PrintStream out) throws UsageException {
        if (cmd.getArgList().size() != 1) {
            throw new UsageException("expects one state-dict file (FILE.pth), got " + cmd.getArgList());
        }
        Path file = Path.of(cmd.getArgList().get(0));
        Path target = Path.of(cmd.getOptionValue("out"));
        String model = cmd.getOptionValue("model");
        if (!TorchImport.MODELS.contains(model)) {
            throw new UsageException("--model: no PyTorch name table for '" + model + "'; importable: "
                    + String.join(", ", TorchImport.MODELS));
        }
        SmaVggTorchNames.Variant variant;
        try {
            variant = SmaVggTorchNames.Variant.parse(cmd.getOptionValue("variant", "dvs128"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--variant: " + e.getMessage());
        }
        if (!Files.isRegularFile(file)) {
            throw new CliFailure(file + ": no such file");
        }
        if (Files.exists(target) && !cmd.hasOption("force")) {
            throw new CliFailure(target + " already exists; pass --force to overwrite it");
        }
        ModelOptions o = TorchImport.options(model, variant);
        if (cmd.hasOption("input")) {
            int[] chw = OptionValues.intList(cmd, "input", ",", 3, 1, "C,H,W");
            o.input(chw[0], chw[1], chw[2]);
        }
        MultiLayerNetwork net;
        try {
            net = TorchImport.load(file, model, variant, o);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), e);
        }
        try {
            AtomicFiles.write(target, p -> ModelSerializer.writeModel(net, p.toFile(), true));
        } catch (IOException e) {
            throw new CliFailure("cannot write " + target + ": " + e.getMessage(), e);
        }
        out.println(file + " (" + variant.key() + ") -> " + target + ": " + model + ", T=" + o.timesteps() + ", "
                + o.classes() + " classes, input " + o.channels() + "x" + o.height() + "x" + o.width() + "; "
                + ParamCount.describe(net));
        return 0;
    }
}
