"""`tf.keras.layers`: re-exports only."""
from ..engine.base_layer import Layer  # noqa: F401
from ..engine.input_spec import InputSpec  # noqa: F401
from ..engine.input_layer import Input, InputLayer  # noqa: F401
from .core import (Dense, Flatten, Reshape, Activation, ReLU, Softmax, Dropout, Lambda,  # noqa: F401
                   Embedding)
from .convolutional import (Conv1D, Conv2D, DepthwiseConv2D, MaxPooling2D, MaxPool2D,  # noqa: F401
                            AveragePooling2D, AvgPool2D, MaxPooling1D, MaxPool1D, AveragePooling1D,
                            AvgPool1D, GlobalAveragePooling2D, GlobalAvgPool2D, GlobalMaxPooling2D,
                            GlobalMaxPool2D, GlobalAveragePooling1D, GlobalAvgPool1D,
                            GlobalMaxPooling1D, GlobalMaxPool1D, ZeroPadding2D)
Convolution1D, Convolution2D = Conv1D, Conv2D
from .merge import (Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot,  # noqa: F401
                    add, subtract, multiply, average, maximum, minimum, concatenate, dot)
from .op_layer import TFOpLambda, SlicingOpLambda  # noqa: F401
from .recurrent import LSTMCell, GRUCell, SimpleRNNCell, StackedRNNCells  # noqa: F401
from .rnn import RNN, LSTM, GRU, SimpleRNN  # noqa: F401
from .normalization import BatchNormalization  # noqa: F401
from .activation import LeakyReLU, ELU, PReLU, ThresholdedReLU  # noqa: F401
from .normalization import LayerNormalization  # noqa: F401
from .reshaping import UpSampling2D, Cropping2D, RepeatVector, Permute  # noqa: F401
from .wrappers import Wrapper, Bidirectional, TimeDistributed  # noqa: F401
from .conv_transpose import (Conv2DTranspose, Conv1DTranspose, SeparableConv2D, SeparableConv1D,  # noqa: F401
                             Convolution2DTranspose, Convolution1DTranspose, SeparableConvolution2D,
                             SeparableConvolution1D)
from .noise import (SpatialDropout1D, SpatialDropout2D, GaussianNoise, GaussianDropout, AlphaDropout,  # noqa: F401
                    ActivityRegularization, Masking)
from .preprocessing import Rescaling, Normalization, Resizing, CenterCrop, RandomFlip  # noqa: F401
from .attention import Attention, AdditiveAttention, MultiHeadAttention, EinsumDense  # noqa: F401
from .preprocessing_random import (RandomRotation, RandomZoom, RandomTranslation, RandomCrop, RandomContrast,  # noqa: F401
                                   RandomBrightness, RandomHeight, RandomWidth)
from .reshaping_nd import (UpSampling1D, ZeroPadding1D, Cropping1D, UpSampling3D, ZeroPadding3D, Cropping3D,  # noqa: F401
                           Identity)
from .group_normalization import GroupNormalization, UnitNormalization  # noqa: F401
from .preprocessing_lookup import StringLookup, IntegerLookup, CategoryEncoding  # noqa: F401
from .preprocessing_text import Hashing, Discretization, TextVectorization  # noqa: F401
from .convolutional3d import (Conv3D, Conv3DTranspose, Convolution3D, Convolution3DTranspose, MaxPooling3D,  # noqa: F401
                              MaxPool3D, AveragePooling3D, AvgPool3D, GlobalMaxPooling3D, GlobalMaxPool3D,
                              GlobalAveragePooling3D, GlobalAvgPool3D)
from .conv_lstm import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D  # noqa: F401
from .locally_connected import LocallyConnected1D, LocallyConnected2D  # noqa: F401,E402
from .extra import DepthwiseConv1D, SpatialDropout3D, SpectralNormalization, AbstractRNNCell  # noqa: F401,E402
from .serialization import serialize_layer as serialize  # noqa: F401,E402


def deserialize(config, custom_objects=None, use_legacy_format=False):
    """The layer a `serialize` dict describes (`tf.keras.layers.deserialize`).

        >>> tf.keras.layers.deserialize({'class_name': 'Dense', 'config': {'units': 3}}).units
        3
    """
    from .serialization import deserialize_layer
    return deserialize_layer(config, custom_objects=custom_objects)
