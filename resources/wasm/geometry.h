/*
 * Geometry of one 2-D convolution or pooling call, written by the TypeScript side as 16 consecutive int32s.
 * Shapes are NHWC: x [batch, inH, inW, inC], y [batch, outH, outW, outC], conv filter [fH, fW, inC, outC],
 * depthwise filter [fH, fW, inC, outC / inC]. Pads are the top/left zero padding computed by TensorFlow.js
 * (backend_util.computeConv2DInfo / computePool2DInfo); bottom/right padding follows from the output size.
 * chunkRows is how many output pixels (im2col rows) fit the caller's scratch buffer at once.
 */
#ifndef MOTE_GEOMETRY_H
#define MOTE_GEOMETRY_H

typedef struct {
  int batch, inH, inW, inC;
  int outH, outW, outC;
  int fH, fW, strideH, strideW, dilH, dilW;
  int padT, padL;
  int chunkRows;
} Geometry;

#endif
